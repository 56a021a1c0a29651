// order_srv 订单服务：gRPC 提供下单/查询，RocketMQ 消费 order_timeout 做超时关单。
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/apache/rocketmq-client-go/v2"
	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/hashicorp/consul/api"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/health/grpc_health_v1"

	"mxshop_srvs/order_srv/global"
	"mxshop_srvs/order_srv/handler"
	"mxshop_srvs/order_srv/initialize"
	"mxshop_srvs/order_srv/proto"
)

func main() {
	configPath := flag.String("config", "order_srv/config-debug.json", "配置文件路径")
	port := flag.Int("port", 50053, "gRPC 监听端口")
	flag.Parse()

	must(initialize.InitConfig(*configPath))
	must(initialize.InitDB())
	must(initialize.InitSrvConn())
	must(initialize.InitProducer())
	cfg := global.ServerConfig

	server := grpc.NewServer()
	proto.RegisterOrderServer(server, &handler.OrderServer{})
	grpc_health_v1.RegisterHealthServer(server, health.NewServer())

	lis, err := net.Listen("tcp", fmt.Sprintf("0.0.0.0:%d", *port))
	must(err)
	go func() {
		if err := server.Serve(lis); err != nil {
			slog.Error("gRPC 服务退出", "err", err)
		}
	}()

	consulCfg := api.DefaultConfig()
	consulCfg.Address = fmt.Sprintf("%s:%d", cfg.ConsulInfo.Host, cfg.ConsulInfo.Port)
	consulClient, err := api.NewClient(consulCfg)
	must(err)
	serviceID := fmt.Sprintf("%s-%s-%d", cfg.Name, cfg.Host, *port)
	must(consulClient.Agent().ServiceRegister(&api.AgentServiceRegistration{
		ID:      serviceID,
		Name:    cfg.Name,
		Tags:    cfg.Tags,
		Address: cfg.Host,
		Port:    *port,
		Check: &api.AgentServiceCheck{
			GRPC:                           fmt.Sprintf("%s:%d", cfg.Host, *port),
			Interval:                       "5s",
			Timeout:                        "3s",
			DeregisterCriticalServiceAfter: "30s",
		},
	}))

	// 订单超时关单
	c, err := rocketmq.NewPushConsumer(
		consumer.WithNsResolver(primitive.NewPassthroughResolver(cfg.RocketMQ.NameServers)),
		consumer.WithGroupName("mxshop-order"),
	)
	must(err)
	must(c.Subscribe("order_timeout", consumer.MessageSelector{}, handler.OrderTimeout))
	must(c.Start())

	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)
	<-quit

	_ = c.Shutdown()
	_ = global.Producer.Shutdown()
	server.GracefulStop()
	if err := consulClient.Agent().ServiceDeregister(serviceID); err != nil {
		slog.Warn("注销服务失败", "id", serviceID, "err", err)
	}
}

func must(err error) {
	if err != nil {
		slog.Error("启动失败", "err", err)
		os.Exit(1)
	}
}
