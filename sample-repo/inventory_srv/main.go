// inventory_srv 库存服务：gRPC 提供扣减/查询，RocketMQ 消费 order_reback 归还库存。
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

	"mxshop_srvs/inventory_srv/global"
	"mxshop_srvs/inventory_srv/handler"
	"mxshop_srvs/inventory_srv/initialize"
	"mxshop_srvs/inventory_srv/proto"
)

func main() {
	configPath := flag.String("config", "inventory_srv/config-debug.json", "配置文件路径")
	port := flag.Int("port", 50052, "gRPC 监听端口")
	flag.Parse()

	must(initialize.InitConfig(*configPath))
	must(initialize.InitDB())
	must(initialize.InitRedsync())
	cfg := global.ServerConfig

	server := grpc.NewServer()
	proto.RegisterInventoryServer(server, &handler.InventoryServer{})
	// Consul 通过 gRPC 健康检查判断实例是否可用，不健康的实例不会出现在服务发现结果里
	grpc_health_v1.RegisterHealthServer(server, health.NewServer())

	lis, err := net.Listen("tcp", fmt.Sprintf("0.0.0.0:%d", *port))
	must(err)
	go func() {
		if err := server.Serve(lis); err != nil {
			slog.Error("gRPC 服务退出", "err", err)
		}
	}()

	// 注册到 Consul，带上 srv 标签；order_srv 的 resolver 用 tag=srv 过滤
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

	// 归还库存的消费者：订单创建失败（事务消息被 Commit）或订单超时关单时会收到消息
	c, err := rocketmq.NewPushConsumer(
		consumer.WithNsResolver(primitive.NewPassthroughResolver(cfg.RocketMQ.NameServers)),
		consumer.WithGroupName("mxshop-inventory"),
	)
	must(err)
	must(c.Subscribe("order_reback", consumer.MessageSelector{}, handler.AutoReback))
	must(c.Start())

	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)
	<-quit

	_ = c.Shutdown()
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
