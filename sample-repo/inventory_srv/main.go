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
	// Consul 通过 gRPC 健康检查判断实例是否可用；调用方的 consul:// 地址带 healthy=true，
	// 才只拿到通过检查的实例（grpc-consul-resolver 默认把不健康的也返回）
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
		// 持续不健康多久后自动注销：Consul 会把低于 1 分钟的值提到 1 分钟（agent 的
		// check_deregister_interval_min），写 30s 也是 1 分钟；agent 每 30 秒才清理一次，实际在 1 到 1.5 分钟之间
		Check: &api.AgentServiceCheck{
			GRPC:                           fmt.Sprintf("%s:%d", cfg.Host, *port),
			Interval:                       "5s",
			Timeout:                        "3s",
			DeregisterCriticalServiceAfter: "1m",
		},
	}))

	// 归还库存的消费者：订单创建失败（事务消息被 Commit）或订单超时关单时会收到消息
	// 消费失败（返回 ConsumeRetryLater）的消息按 10s、30s、1m……的间隔重投，16 次后进入死信队列
	// %DLQ%mxshop-inventory，不再自动投递：死信必须有告警和人工处理，否则那笔库存就再也回不来了
	c, err := rocketmq.NewPushConsumer(
		consumer.WithNsResolver(primitive.NewPassthroughResolver(cfg.RocketMQ.NameServers)),
		consumer.WithGroupName("mxshop-inventory"),
		consumer.WithMaxReconsumeTimes(maxReconsumeTimes),
	)
	must(err)
	must(c.Subscribe("order_reback", consumer.MessageSelector{}, handler.AutoReback))
	must(c.Start())

	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)
	<-quit

	// 先从 Consul 注销，让调用方不再选中这个实例，再等正在执行的 Sell 做完，最后停消费者
	if err := consulClient.Agent().ServiceDeregister(serviceID); err != nil {
		slog.Warn("注销服务失败", "id", serviceID, "err", err)
	}
	server.GracefulStop()
	_ = c.Shutdown()
}

// maxReconsumeTimes 是归还消息的最大重投次数（RocketMQ 默认也是 16），和 handler.AutoReback 的告警阈值对应。
const maxReconsumeTimes = handler.MaxReconsumeTimes

func must(err error) {
	if err != nil {
		slog.Error("启动失败", "err", err)
		os.Exit(1)
	}
}
