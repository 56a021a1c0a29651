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
	// 一个进程一个事务监听器、一个事务生产者，启动时创建，CreateOrder 只是使用它们
	listener := handler.NewOrderListener()
	must(initialize.InitProducer(listener))
	cfg := global.ServerConfig

	server := grpc.NewServer()
	proto.RegisterOrderServer(server, &handler.OrderServer{Listener: listener})
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
		// 持续不健康多久后自动注销：Consul 会把低于 1 分钟的值提到 1 分钟（agent 的
		// check_deregister_interval_min），写 30s 也是 1 分钟；agent 每 30 秒才清理一次，实际在 1 到 1.5 分钟之间
		Check: &api.AgentServiceCheck{
			GRPC:                           fmt.Sprintf("%s:%d", cfg.Host, *port),
			Interval:                       "5s",
			Timeout:                        "3s",
			DeregisterCriticalServiceAfter: "1m",
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

	// 退出顺序：先从 Consul 注销，调用方的 resolver 不再把新请求发过来；
	// 再 GracefulStop 等正在执行的 CreateOrder 做完（它们还要用生产者）；最后才关消费者和生产者。
	// 反过来先停服务再注销，注销前的这段时间里 Consul 仍把流量指向一个已经不接请求的实例。
	if err := consulClient.Agent().ServiceDeregister(serviceID); err != nil {
		slog.Warn("注销服务失败", "id", serviceID, "err", err)
	}
	server.GracefulStop()
	_ = c.Shutdown()
	_ = global.TxProducer.Shutdown()
	_ = global.Producer.Shutdown()
}

func must(err error) {
	if err != nil {
		slog.Error("启动失败", "err", err)
		os.Exit(1)
	}
}
